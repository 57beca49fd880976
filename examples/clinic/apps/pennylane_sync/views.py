from datetime import date

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.views import View

from .models import Invoice, Payment
from .tasks import push_invoice, push_payment


class InvoicePushView(PermissionRequiredMixin, View):
    permission_required = "pennylane_sync.change_invoice"

    def post(self, request, pk):
        invoice = get_object_or_404(Invoice, pk=pk)
        if invoice.pennylane_id:
            messages.info(request, "Facture déjà envoyée à Pennylane.")
        else:
            push_invoice.apply_async((invoice.pk,), queue="pennylane", countdown=5)  # expect: TA605
            messages.success(request, "Envoi à Pennylane programmé.")
        return redirect("admin:pennylane_sync_invoice_change", invoice.pk)


class PaymentRecordView(PermissionRequiredMixin, View):
    permission_required = "pennylane_sync.add_payment"

    def post(self, request, pk):
        invoice = get_object_or_404(Invoice, pk=pk)
        with transaction.atomic():
            payment = Payment.objects.create(
                invoice=invoice,
                amount_cents=int(request.POST["amount_cents"]),
                paid_on=date.fromisoformat(request.POST["paid_on"]),
                method=request.POST.get("method", "transfer"),
            )
            push_payment.delay_on_commit(payment.pk)
        messages.success(request, "Paiement enregistré.")
        return redirect("admin:pennylane_sync_invoice_change", invoice.pk)
