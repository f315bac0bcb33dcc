"""The adviser writes the six-weekly report in the dashboard: the next report and its period, the draft prefilled
from the last one, the evidence beside each area, the live rating check and the rules for saving and submitting."""
