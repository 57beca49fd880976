"""Pennylane accounting sync.

Pushes (invoices, payments) use ``retrying_task``: acknowledged late so a
worker restart does not lose an invoice, retried with backoff on network
errors. A push must therefore be safe to run twice.
"""
import logging
from functools import partial

import requests
import sentry_sdk
from celery import shared_task
from django.conf import settings
from django.utils import timezone

from . import client, services
from .client import PennylaneDataError, PennylaneUnavailable
from .models import Invoice, Payment

logger = logging.getLogger(__name__)

retrying_task = partial(
    shared_task,
    bind=True,
    acks_late=True,
    autoretry_for=(PennylaneUnavailable, requests.ConnectionError, requests.Timeout),
    retry_backoff=True,
    max_retries=5,
)


@retrying_task(name="apps.pennylane_sync.tasks.push_invoice", soft_time_limit=60)
def push_invoice(self, invoice_id):
    """Create the customer invoice in Pennylane and keep its id."""
    invoice = Invoice.objects.select_related("practice").get(pk=invoice_id)
    if invoice.pennylane_id:
        return invoice.pennylane_id
    # Since the March 2026 duplicates every push carries a stable key;
    # see roadmap/done/2026-03-duplicate-pennylane-invoices.md.
    idempotency_key = str(invoice.idempotency_key)
    response = requests.post(
        f"{settings.PENNYLANE_API_URL}/customer_invoices",
        json=services.invoice_payload(invoice),
        headers={**client.auth_headers(), "Idempotency-Key": idempotency_key},
        timeout=20,
    )
    response.raise_for_status()
    invoice.pennylane_id = str(response.json()["id"])
    invoice.pushed_at = timezone.now()
    invoice.save(update_fields=["pennylane_id", "pushed_at"])
    return invoice.pennylane_id


@retrying_task(name="apps.pennylane_sync.tasks.push_payment", soft_time_limit=60)
def push_payment(self, payment_id):  # expect: TA501, TA502
    """Record a payment against its invoice in Pennylane."""
    payment = Payment.objects.select_related("invoice").get(pk=payment_id)
    if payment.pennylane_id:
        return payment.pennylane_id
    response = requests.post(
        f"{settings.PENNYLANE_API_URL}/customer_invoices/{payment.invoice.pennylane_id}/payments",
        json=services.payment_payload(payment),
        headers=client.auth_headers(),
        timeout=20,
    )
    response.raise_for_status()
    payment.pennylane_id = str(response.json()["id"])
    payment.pushed_at = timezone.now()
    payment.save(update_fields=["pennylane_id", "pushed_at"])
    return payment.pennylane_id


@retrying_task(name="apps.pennylane_sync.tasks.sync_pennylane_customers", soft_time_limit=300)
def sync_pennylane_customers(self):
    """Mirror Pennylane customers and link them to practices by SIRET."""
    count = 0
    for page in client.iter_pages("/customers"):
        count += services.upsert_customers(page)
    logger.info("Pennylane customers synced: %d", count)
    return count


@shared_task(
    bind=True,
    name="apps.pennylane_sync.tasks.sync_pennylane_ledger",
    max_retries=4,
    soft_time_limit=1500,
    time_limit=1800,
    ignore_result=True,
)
def sync_pennylane_ledger(self, company_id, since=None):
    """Pull a company's ledger entries and write our analytic codes back on them."""
    # idempotent: labels are written with PUT on the entry's own id, so a rerun sets the same values
    try:
        entries = services.fetch_ledger_entries(company_id, since=since)
    except PennylaneUnavailable as exc:
        raise self.retry(exc=exc, countdown=60 * 2**self.request.retries)
    session = client.api_session()
    for entry in entries:
        response = session.put(
            f"{settings.PENNYLANE_API_URL}/ledger_entries/{entry.pennylane_id}/analytics",
            json=services.analytic_labels(entry),
            timeout=20,
        )
        response.raise_for_status()
    logger.info("Ledger of company %s synced: %d entries", company_id, len(entries))


@shared_task(
    name="apps.pennylane_sync.tasks.pull_pennylane_suppliers",
    autoretry_for=(requests.RequestException,),
    max_retries=3,
)
def pull_pennylane_suppliers():  # expect: TA302, TA601
    """Mirror the supplier list (used to pre-fill expense imports)."""
    count = 0
    for page in services.iter_supplier_pages():
        for row in page:
            try:
                services.upsert_supplier(row)
            except PennylaneDataError as exc:  # expect: TA402
                logger.info("Skipping supplier %s: %s", row.get("id"), exc)
                continue
            count += 1
    return count


@shared_task(
    bind=True,
    name="apps.pennylane_sync.tasks.refresh_pennylane_categories",
    retry_backoff=True,
    retry_backoff_max=3600,
    max_retries=None,
    soft_time_limit=120,
)
def refresh_pennylane_categories(self):  # expect: TA303, TA306
    """Analytic categories change a few times a year; refresh them weekly."""
    try:
        items = services.fetch_categories()
    except PennylaneUnavailable as exc:
        raise self.retry(exc=exc, countdown=300)
    return services.store_categories(items)


@shared_task(
    name="apps.pennylane_sync.tasks.reconcile_pennylane_payments",
    autoretry_for=(PennylaneUnavailable,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=240,
    ignore_result=True,
)
def reconcile_pennylane_payments():
    """Mark our invoices paid once Pennylane has matched the bank transaction."""
    for invoice_id in services.invoices_awaiting_payment():
        try:
            services.reconcile_invoice(invoice_id)
        except PennylaneDataError as exc:
            logger.warning("Could not reconcile invoice %s: %s", invoice_id, exc)
            sentry_sdk.capture_exception(exc)
