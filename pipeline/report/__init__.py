"""What the SOP's people read beside the checklist: the Mutu Baku report and the calendar."""
