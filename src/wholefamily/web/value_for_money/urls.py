from django.urls import path

from wholefamily.web.value_for_money import pages

app_name = "value_for_money"
urlpatterns = [
    path("", pages.value_for_money, name="page"),
    path("value-for-money.csv", pages.value_for_money_csv, name="csv"),
]
