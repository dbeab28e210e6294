"""What each published post reached: the platforms' figures, read on a schedule and kept on ``arsip``."""
