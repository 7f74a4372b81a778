"""Check a model against its published privacy notice (PoliCheck/PoliGraph-style, rule-based).

See :mod:`pia.notice.check` for the entry points.
"""
from __future__ import annotations

from .check import NoticeCheck, check, draft_model, findings_for, notice_texts
from .findings import fold

__all__ = ["check", "NoticeCheck", "draft_model", "findings_for", "fold", "notice_texts"]
