"""Each delivery checked against the sharing agreements register before anything in it is loaded.

A delivery with no agreement in force on its date is loaded with a warning; one that arrives after its
source's agreement has ended is refused whole (when the register's ``refuse_after_agreement_ends`` is on,
the default): not loaded, its rows counted as refused and the reason reported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from wholefamily.governance.agreements import Register, check_delivery
from wholefamily.ingest.config import SourceConfig
from wholefamily.ingest.deliveries import Delivery
from wholefamily.ingest.load import wanted_columns
from wholefamily.ingest.readers.related import read_delivery


@dataclass(frozen=True)
class RefusedDelivery:
    relative: str
    delivery_date: dt.date
    rows: int
    reason: str


@dataclass
class Screened:
    """A source's deliveries after the check: those to load, those refused, and warnings for people."""

    admitted: list[Delivery] = field(default_factory=list)
    refused: list[RefusedDelivery] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def screen_deliveries(
    register: Register | None, config: SourceConfig, deliveries: list[Delivery]
) -> Screened:
    screened = Screened()
    unagreed: list[Delivery] = []
    for delivery in deliveries:
        check = check_delivery(register, config.source, delivery.delivery_date)
        if check.verdict == "ended" and check.agreement is not None:
            reason = (
                f"agreement {check.agreement.id!r} ({check.agreement.document}) ended on "
                f"{check.agreement.ends}, before this delivery of {delivery.delivery_date}"
            )
            if register is not None and register.refuse_after_agreement_ends:
                rows = read_delivery(delivery.path, delivery.relative, config, wanted_columns(config))
                screened.refused.append(
                    RefusedDelivery(delivery.relative, delivery.delivery_date, rows.table.num_rows, reason)
                )
                screened.warnings.append(f"{delivery.relative}: refused, not loaded: {reason}")
                continue
            screened.warnings.append(f"{delivery.relative}: loaded although {reason}")
        elif check.verdict == "no_agreement":
            unagreed.append(delivery)
        screened.admitted.append(delivery)
    if unagreed:
        dates = sorted({d.delivery_date for d in unagreed})
        span = f"{dates[0]}" if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"
        where = "no sharing agreements register" if register is None else "no sharing agreement"
        screened.warnings.append(
            f"{len(unagreed)} {'delivery' if len(unagreed) == 1 else 'deliveries'} ({span}) arrived with {where} in force for source {config.source!r}: "
            "record the agreement in governance/agreements.yaml"
        )
    return screened
