from django.urls import path

from . import views

app_name = "pennylane_sync"

urlpatterns = [
    path("invoices/<int:pk>/push/", views.InvoicePushView.as_view(), name="invoice-push"),
    path("invoices/<int:pk>/payments/", views.PaymentRecordView.as_view(), name="payment-record"),
]
