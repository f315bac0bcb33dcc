"""The six-monthly DfE review: the pack of what changed over the review window, per priority area and measure."""
