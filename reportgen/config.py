"""Settings an organisation may change without touching records (passed explicitly, never global)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# 정보공개법 제9조제1항 호 1–8; Seoul prints 대시민공개 where the ministries print 대국민공개.
STANDARD_DISCLOSURES = re.compile(r"대시민공개|공개|부분공개\([1-8]\)|비공개\([1-8]\)")


@dataclass(frozen=True)
class Config:
    extra_disclosures: tuple[str, ...] = ()  # other local wordings, e.g. ("대국민공개",)
    reporter_symbol: str = "●"  # 보고자 mark (reference §3: ● per the 2025 편람 codification)
    initiator_symbol: str = "★"  # 발의자 mark
    # --final: the document goes out now, so the fields the e-approval system assigns (문서번호,
    # 결재일자) must be filled in; a draft leaves them blank.
    final: bool = False

    def disclosure_allowed(self, value: str) -> bool:
        return bool(STANDARD_DISCLOSURES.fullmatch(value)) or value in self.extra_disclosures
