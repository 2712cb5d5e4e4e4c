"""The monthly report sweep (beat ticks notifications.run_sweep; the database says what is due)
and the e-mail kind that carries the PDF to the managers."""

from django.utils.translation import gettext_lazy as _

from aftersales.notifications import kinds, sweeps

from . import monthly

MONTHLY = "reports.monthly"

# A PDF per store takes a second or two: one store per batch keeps each transaction short.
sweeps.sweep(name=MONTHLY, label=_("Monthly reports for the managers"), due=monthly.stores_due, batch_size=1)(monthly.build_due)

kinds.register(kinds.Kind(
    code="monthly_report",
    label=_("Monthly report for managers"),
    marketing=False,
    channel="email",
    placeholders={"store_name": _("store name"), "month": _("month reported on"), "customer_name": _("recipient's name")},
    defaults={
        "zh-hans": (
            "{{ store_name }} {{ month }} 月度报表",
            "{{ customer_name }}您好：\n\n附件是{{ store_name }} {{ month }} 的月度报表（投诉、维修、回访、以旧换新）。"
            "也可在售后系统的“报表”页面查看和重新生成。\n",
        ),
        "en": (
            "{{ store_name }} monthly report {{ month }}",
            "Dear {{ customer_name }},\n\nattached is the monthly report of {{ store_name }} for {{ month }} (complaints, "
            "repairs, follow-up calls, trade-in). You can also open and rebuild it on the Reports page of the desk.\n",
        ),
    },
))
