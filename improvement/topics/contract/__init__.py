"""The improvement adviser's contract: days used against the monthly allowance, spend, budget and key dates."""
