from django.contrib import admin

from .models import Customer, Invoice, Payment
from .tasks import push_invoice, sync_pennylane_customers, sync_pennylane_ledger


class PaymentInline(admin.TabularInline):
    model = Payment
    extra = 0
    readonly_fields = ("pennylane_id", "pushed_at")


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ("number", "practice", "amount_cents", "issued_on", "pennylane_id", "paid_at")
    list_filter = ("paid_at",)
    search_fields = ("number", "practice__name")
    readonly_fields = ("idempotency_key", "pennylane_id", "pushed_at")
    inlines = [PaymentInline]
    actions = ["push_to_pennylane"]

    @admin.action(description="Envoyer à Pennylane")
    def push_to_pennylane(self, request, queryset):
        for invoice_id in queryset.filter(pennylane_id="").values_list("pk", flat=True):
            push_invoice.delay(invoice_id)


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ("name", "reg_no", "practice", "pennylane_id")
    actions = ["refresh_customers", "sync_ledger"]

    @admin.action(description="Rafraîchir la liste des clients Pennylane")
    def refresh_customers(self, request, queryset):
        sync_pennylane_customers.delay()

    @admin.action(description="Synchroniser le grand livre")
    def sync_ledger(self, request, queryset):
        company_ids = queryset.exclude(practice__pennylane_company_id=None).values_list(
            "practice__pennylane_company_id", flat=True
        )
        for company_id in company_ids:
            sync_pennylane_ledger.delay(company_id)
