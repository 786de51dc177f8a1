"""The export form: the file's format and why the export is needed (kept in the audit trail)."""

from __future__ import annotations

from django import forms

from wholefamily.reports import TableFormat


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label="Format",
        choices=[(TableFormat.CSV.value, "CSV"), (TableFormat.XLSX.value, "Excel workbook (XLSX)")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a format", "invalid_choice": "Choose CSV or XLSX"},
    )
    reason = forms.CharField(
        label="Why do you need this export?",
        help_text="Kept in the audit trail with your name, the list and its filters.",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for the export"},
    )

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Give the reason for the export")
        return reason
