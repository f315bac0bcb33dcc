"""The Data page's tables: every load, and how fresh each kind of data is."""

from __future__ import annotations

import pandas as pd

from improvement import style


def _period(value: str | None, meaning: str | None) -> str:
    """A newest period as people read it: a month of figures as 'Jun 2023', a report date in full, a DfE time
    period '202425' as '2024/25'."""
    if value is None or pd.isna(value):
        return "—"
    text = str(value)
    if len(text) == 6 and text.isdigit():
        text = f"{text[:4]}/{text[4:]}"
    elif len(text) >= 10 and text[4] == "-":
        day = pd.Timestamp(text[:10])
        text = style.format_month(day) if "month" in str(meaning) else style.format_date(day)
    return f"{text} ({meaning})" if meaning else text


def load_history_table(history: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    """Every load, newest first, as the Data page lists it: the hash shortened, with the full hash alongside."""
    hashes = history["file_hash"].fillna("")
    return pd.DataFrame(
        {
            "When (UTC)": history["loaded_at"].map(style.format_datetime),
            "File": history["source_name"],
            "Outcome": history["outcome"],
            "Rows": history["row_count"].astype(int),
            "Kind": history["kind"].map(lambda kind: titles.get(kind, kind)),
            "Who": history["loaded_by"],
            "Synthetic": history["is_synthetic"].map({True: "Yes", False: "No"}),
            "Load": history["load_id"].astype(int),
            "SHA-256": hashes.map(lambda h: h[:12] if h else "—"),
            "Full SHA-256": hashes.map(lambda h: h or "—"),
        }
    )


def freshness_table(
    freshness: pd.DataFrame, titles: dict[str, str], expected: list[str] | tuple[str, ...] = ()
) -> pd.DataFrame:
    """One row per kind of data: the kinds loaded (newest first), then each ``expected`` kind never loaded, so the
    page shows what is missing as plainly as what is there. ``titles`` names the kinds."""
    loaded = pd.DataFrame(
        {
            "Data": freshness["kind"].map(lambda kind: titles.get(kind, kind)),
            "Kind": freshness["kind"],
            "Last loaded (UTC)": freshness["last_loaded_at"].map(style.format_datetime),
            "From file": freshness["last_source_name"],
            "By": freshness["last_loaded_by"],
            "Newest period in the data": [
                _period(v, m) for v, m in zip(freshness["newest_period"], freshness["newest_period_of"], strict=True)
            ],
            "Loads": freshness["loads"].astype(int),
            "Rows loaded": freshness["rows"].astype(int),
        }
    )
    missing = [kind for kind in expected if kind not in set(freshness["kind"])]
    never = pd.DataFrame(
        {
            "Data": [titles.get(kind, kind) for kind in missing],
            "Kind": missing,
            "Last loaded (UTC)": "never loaded",
            "From file": "—",
            "By": "—",
            "Newest period in the data": "—",
            "Loads": 0,
            "Rows loaded": 0,
        }
    )
    return pd.concat([loaded, never], ignore_index=True) if len(never) else loaded
