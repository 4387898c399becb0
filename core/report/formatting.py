"""Money, numbers, dates and times written the way the scenario's locale writes them (Babel)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_symbol


@dataclass(frozen=True)
class Formatter:
    """Formats values for one locale and currency, e.g. ``Formatter("fr_FR", "EUR").money(2000)`` → 2 000,00 €."""

    locale: str
    currency: str

    @property
    def babel_locale(self) -> Locale:
        """The Babel locale."""
        return Locale.parse(self.locale)

    @property
    def first_weekday(self) -> int:
        """The weekday a week starts on in this locale (0 = Monday … 6 = Sunday)."""
        return int(self.babel_locale.first_week_day)

    @property
    def currency_symbol(self) -> str:
        """The currency's symbol in this locale (€, $, CHF …)."""
        return str(get_currency_symbol(self.currency, locale=self.locale))

    def money(self, amount: Decimal | float | int | None) -> str:
        """An amount with cents and the currency sign: 2 000,00 € (fr_FR), €2,000.00 (en)."""
        if amount is None:
            return "–"
        return str(format_currency(_decimal(amount), self.currency, locale=self.locale))

    def money_whole(self, amount: Decimal | float | int) -> str:
        """An amount rounded to whole units, for big totals: 2 000 € (fr_FR), €2,000 (en)."""
        pattern = self.babel_locale.currency_formats["standard"].pattern.split(";")[0]
        whole = pattern.replace(".00", "")  # the locale's own pattern without its fraction digits
        rounded = _decimal(amount).quantize(Decimal(1))
        return str(format_currency(rounded, self.currency, format=whole, locale=self.locale, currency_digits=False))

    def amount(self, amount: Decimal | float | int | None) -> str:
        """An amount with two decimals and no currency sign: 2 000,00."""
        if amount is None:
            return "–"
        return str(format_decimal(_decimal(amount), format="#,##0.00", locale=self.locale))

    def number(self, value: float | int | None, digits: int = 0) -> str:
        """A count or measure with grouping: 12 345 (fr), 12,345 (en)."""
        if value is None:
            return "–"
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return str(format_decimal(value, format=pattern, locale=self.locale))

    def ratio(self, value: float | None) -> str:
        """A ratio such as ROAS with two decimals: 3,21 (fr), 3.21 (en)."""
        return self.number(value, 2) if value is not None else "–"

    def percent(self, value: float | None, digits: int = 0) -> str:
        """A share as a percentage in the locale's own spacing: 12 % (fr), 12% (en)."""
        if value is None:
            return "–"
        pattern = self.babel_locale.percent_formats[None].pattern.split(";")[0]
        if digits:
            head, _, tail = pattern.rpartition("0")
            pattern = f"{head}0.{'0' * digits}{tail}"
        return str(format_percent(value, format=pattern, locale=self.locale))

    def day(self, value: date) -> str:
        """Weekday, day and month: Thu, Nov 26 (en), jeu. 26 nov. (fr)."""
        return str(format_skeleton("MMMEd", value, locale=self.locale))

    def long_day(self, value: date) -> str:
        """Full date: Thursday, November 26, 2026 (en), jeudi 26 novembre 2026 (fr)."""
        return str(format_date(value, format="full", locale=self.locale))

    def short_date(self, value: date) -> str:
        """Day and month: Nov 26 (en), 26 nov. (fr)."""
        return str(format_skeleton("MMMd", value, locale=self.locale))

    def medium_date(self, value: date) -> str:
        """A date with its year: Nov 26, 2026 (en), 26 nov. 2026 (fr)."""
        return str(format_date(value, format="medium", locale=self.locale))

    def month(self, value: date) -> str:
        """Month and year as a title: November 2026 (en), novembre 2026 (fr)."""
        return str(format_skeleton("yMMMM", value, locale=self.locale))

    def weekday_short(self, weekday: int) -> str:
        """Abbreviated weekday name (0 = Monday): Mon (en), lun. (fr)."""
        return str(self.babel_locale.days["format"]["abbreviated"][weekday])

    def time(self, value: datetime) -> str:
        """Wall-clock time: 6:00 PM (en_US), 18:00 (fr)."""
        return str(format_time(value, format="short", locale=self.locale))

    def timestamp(self, value: datetime) -> str:
        """Date and time: Oct 30, 2026, 09:00."""
        return f"{self.medium_date(value.date())}, {self.time(value)}"


def _decimal(amount: Decimal | float | int) -> Decimal:
    return amount if isinstance(amount, Decimal) else Decimal(str(amount))
