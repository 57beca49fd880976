"""Pennylane accounting sync: payloads, upserts and reconciliation."""
import logging

from django.db import transaction
from django.utils import timezone

from apps.sync.models import Practice

from . import client
from .client import PennylaneDataError
from .models import Category, Customer, Invoice, LedgerEntry, Supplier

logger = logging.getLogger(__name__)


def invoice_payload(invoice):
    customer = Customer.objects.get(practice=invoice.practice)
    return {
        "customer_id": customer.pennylane_id,
        "external_reference": invoice.number,
        "date": invoice.issued_on.isoformat(),
        "deadline": invoice.due_on.isoformat(),
        "invoice_lines": [
            {"label": invoice.label, "quantity": 1, "raw_currency_unit_price": f"{invoice.amount_cents / 100:.2f}"}
        ],
    }


def payment_payload(payment):
    return {
        "amount": f"{payment.amount_cents / 100:.2f}",
        "date": payment.paid_on.isoformat(),
        "payment_method": payment.method,
    }


def upsert_customers(rows):
    count = 0
    for row in rows:
        practice = Practice.objects.filter(siret=row.get("reg_no") or "-").first()
        Customer.objects.update_or_create(
            pennylane_id=row["id"],
            defaults={"name": row["name"], "reg_no": row.get("reg_no") or "", "practice": practice},
        )
        count += 1
    return count


def upsert_supplier(row):
    if not row.get("name"):
        raise PennylaneDataError(f"supplier {row.get('id')} has no name")
    Supplier.objects.update_or_create(
        pennylane_id=row["id"], defaults={"name": row["name"], "reg_no": row.get("reg_no") or ""}
    )


def iter_supplier_pages():
    return client.iter_pages("/suppliers")


def fetch_categories():
    return [item for page in client.iter_pages("/categories") for item in page]


@transaction.atomic
def store_categories(items):
    for item in items:
        Category.objects.update_or_create(
            pennylane_id=item["id"], defaults={"label": item["label"], "group": item.get("category_group", "")}
        )
    return len(items)


def fetch_ledger_entries(company_id, since=None):
    entries = []
    for page in client.iter_pages("/ledger_entries", company_id=company_id, since=since):
        for item in page:
            entry, _ = LedgerEntry.objects.update_or_create(
                pennylane_id=item["id"],
                defaults={
                    "company_id": company_id,
                    "date": item["date"],
                    "label": item["label"][:300],
                    "debit_cents": round(float(item["debit"]) * 100),
                    "credit_cents": round(float(item["credit"]) * 100),
                },
            )
            entries.append(entry)
    return entries


def analytic_labels(entry):
    return {"analytic_code": entry.analytic_code or "NON-AFFECTE"}


def invoices_awaiting_payment():
    return list(
        Invoice.objects.exclude(pennylane_id="").filter(paid_at__isnull=True).values_list("pk", flat=True)
    )


def reconcile_invoice(invoice_id):
    invoice = Invoice.objects.get(pk=invoice_id)
    data = client.get(f"/customer_invoices/{invoice.pennylane_id}")
    if data.get("status") not in {"paid", "upcoming", "late", "partially_paid"}:
        raise PennylaneDataError(f"invoice {invoice.number}: unexpected status {data.get('status')!r}")
    if data["status"] == "paid":
        Invoice.objects.filter(pk=invoice_id, paid_at__isnull=True).update(paid_at=timezone.now())
