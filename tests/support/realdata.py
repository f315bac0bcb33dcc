"""Where the real public data is: ``../shared/realdata`` beside the repository (read by path, never copied in).

Found as ``REALDATA_DIR`` when that is set, else the first ``shared/realdata`` folder beside the repository or
beside any folder above it (so a checkout anywhere under the shared workspace finds it). Tests that read it carry
``needs_realdata``: without the folder they skip with the reason, since the data is not the project's to ship.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def _find() -> Path:
    if os.environ.get("REALDATA_DIR"):
        return Path(os.environ["REALDATA_DIR"])
    for folder in (REPO_ROOT, *REPO_ROOT.parents):
        candidate = folder.parent / "shared" / "realdata" if folder == REPO_ROOT else folder / "shared" / "realdata"
        if candidate.is_dir():
            return candidate
    return REPO_ROOT.parent / "shared" / "realdata"  # where it should be: named in the skip reason


REALDATA = _find()
needs_realdata = pytest.mark.skipif(
    not (REALDATA / "csww_indicators_2017_to_2025.csv").exists(), reason=f"real public data not found at {REALDATA}"
)

# The real files, and the codes the tests check them by.
CSWW = REALDATA / "csww_indicators_2017_to_2025.csv"
D3 = REALDATA / "d3_cpps_subsequent_plan_2013_to_2025.csv"
NEIGHBOURS = REALDATA / "New_Statistical_Neighbour_Groupings_April_2021.csv"
D5 = REALDATA / "d5_cpps_at31march_by_duration_2013_to_2025.csv"
EES_FILES = [
    CSWW,
    D3,
    D5,
    REALDATA / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    REALDATA / "b1_children_in_need_2013_to_2025.csv",
]
SEFTON, ENGLAND, NORTH_WEST = "E08000014", "E92000001", "E12000002"
SEFTON_NEIGHBOURS = ["344", "888", "808", "392", "891", "351", "359", "830", "841", "381"]
