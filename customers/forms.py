from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from aftersales import clock
from aftersales.catalog import ItemCategory, Material
from aftersales.models import Role, User

from . import phones, selectors
from .models import CallOutcome, ConsentMethod, Customer, FollowUpReason, Gender


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Phone, last 4 digits, name or receipt number"), required=False)


class CustomerForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=60)
    phone = forms.CharField(label=_("Mobile phone"), max_length=30, help_text=_("e.g. 138 1234 5678"))
    phone2 = forms.CharField(label=_("Second phone"), max_length=30, required=False)
    wechat_id = forms.CharField(label=_("WeChat ID"), max_length=60, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False, help_text=_("For e-mail receipts and messages."))
    language = forms.ChoiceField(label=_("Language for messages"), required=False,
                                 choices=[("", _("The chain's language (Chinese)")), *settings.LANGUAGES])
    birthday = forms.DateField(label=_("Birthday"), required=False, widget=DateInput)
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False)
    vip_tier = forms.ChoiceField(label=_("Tier"), choices=())
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    preferences = forms.CharField(label=_("Preferences"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("Metals, sizes, styles the customer likes."))
    service_contact = forms.BooleanField(label=_("May be contacted about own repairs and cases"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vip_tier"].choices = selectors.tier_choices()

    def clean_phone(self):
        return phones.normalise(self.cleaned_data["phone"])

    def clean_phone2(self):
        value = self.cleaned_data["phone2"]
        return phones.normalise(value) if value.strip() else ""

    def clean_birthday(self):
        value = self.cleaned_data["birthday"]
        if value and value > clock.today():
            raise forms.ValidationError(_("The birthday cannot be in the future."))
        return value

    @classmethod
    def initial_for(cls, customer: Customer) -> dict:
        data = {f: getattr(customer, f) for f in ["name", "phone2", "wechat_id", "email", "language", "birthday", "gender", "vip_tier", "notes", "preferences", "service_contact"]}
        data["phone"] = phones.display(customer.phone)
        data["phone2"] = phones.display(customer.phone2)
        data["version"] = customer.version
        return data


class CustomerCreateForm(CustomerForm):
    marketing_consent = forms.BooleanField(
        label=_("Agrees to marketing messages (birthday, holidays, cleaning reminders, promotions)"), required=False
    )
    consent_method = forms.ChoiceField(label=_("How consent was given"), choices=ConsentMethod.choices[:5],
                                       initial=ConsentMethod.IN_STORE_VERBAL, required=False)
    confirm_duplicate = forms.BooleanField(label=_("Yes, make a second file with this phone"), required=False)


class QuickCreateForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=60)
    phone = forms.CharField(label=_("Mobile phone"), max_length=30)
    marketing_consent = forms.BooleanField(label=_("Agrees to marketing messages"), required=False)
    confirm_duplicate = forms.BooleanField(label=_("Yes, make a second file with this phone"), required=False)

    def clean_phone(self):
        return phones.normalise(self.cleaned_data["phone"])


class ConsentForm(forms.Form):
    given = forms.TypedChoiceField(coerce=lambda v: v == "1", choices=[("1", _("given")), ("0", _("withdrawn"))], widget=forms.HiddenInput)
    method = forms.ChoiceField(label=_("How"), choices=ConsentMethod.choices[:5], initial=ConsentMethod.IN_STORE_VERBAL)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class PurchaseForm(forms.Form):
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=40)
    purchased_at = forms.DateTimeField(label=_("Purchased at"), widget=DateTimeInput)
    item = forms.CharField(label=_("Item"), max_length=120)
    category = forms.ChoiceField(label=_("Category"), choices=ItemCategory.choices, initial=ItemCategory.OTHER)
    material = forms.ChoiceField(label=_("Material and purity"), choices=Material.choices, initial=Material.OTHER)
    weight = forms.DecimalField(label=_("Weight (g)"), max_digits=9, decimal_places=3, required=False, min_value=0)
    price = forms.DecimalField(label=_("Price (yuan)"), max_digits=12, decimal_places=2, min_value=0)
    special_price = forms.BooleanField(label=_("Special-price item (no warranty, no exchange or return)"), required=False)
    single_use = forms.BooleanField(label=_("Single-use item (no warranty)"), required=False)
    series = forms.CharField(label=_("Product series"), max_length=60, required=False)

    def clean_purchased_at(self):
        value = self.cleaned_data["purchased_at"]
        if value and value > clock.now():
            raise forms.ValidationError(_("The purchase date cannot be in the future."))
        return value


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV file from the till"))

    def clean_file(self):
        from django.conf import settings

        upload = self.cleaned_data["file"]
        limit = settings.CUSTOMERS_IMPORT_MAX_BYTES
        if upload.size > limit:  # refused before a byte of it is read
            raise forms.ValidationError(_("The file is larger than %(mb)s MB: export fewer days at a time.") % {"mb": limit // (1024 * 1024)})
        return upload


class MergeForm(forms.Form):
    other = forms.IntegerField(label=_("File number of the duplicate"), min_value=1)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    confirm = forms.BooleanField(label=_("I checked that both files are the same person"), required=True)


class FollowUpForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=FollowUpReason.choices)
    due_date = forms.DateField(label=_("Due"), widget=DateInput)
    assignee = forms.ModelChoiceField(label=_("Assigned to"), queryset=User.objects.none(), required=False,
                                      help_text=_("Leave empty: anyone at the store's counter calls."))
    context = forms.CharField(label=_("Context"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("What was repaired or complained about: read it before calling."))

    def __init__(self, *args, store=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = User.objects.filter(
            memberships__store=store, memberships__role__in=[Role.COUNTER, Role.MANAGER]
        ).order_by("username")


class CallForm(forms.Form):
    outcome = forms.ChoiceField(label=_("How did the call go?"), choices=CallOutcome.choices, widget=forms.RadioSelect)
    thanked = forms.BooleanField(label=_("1. Thanked the customer"), required=False)
    asked_how_piece_is = forms.BooleanField(label=_("2. Asked how the piece is doing"), required=False)
    asked_why_not_back = forms.BooleanField(label=_("3. Asked why they have not come back"), required=False)
    apologised = forms.BooleanField(label=_("4. Apologised for anything unpleasant last time"), required=False)
    asked_suggestions = forms.BooleanField(label=_("5. Asked for suggestions"), required=False)
    satisfaction = forms.TypedChoiceField(label=_("Satisfaction"), coerce=int, empty_value=None, required=False,
                                          choices=[("", "—"), *[(str(n), str(n)) for n in range(1, 6)]])
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    new_repair_opened = forms.BooleanField(label=_("A new repair was opened"), required=False)
    new_case_opened = forms.BooleanField(label=_("A new case was opened"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("outcome") and data["outcome"] != CallOutcome.REACHED and data.get("satisfaction"):
            self.add_error("satisfaction", _("Only a customer you talked to can rate the service."))
        return data
