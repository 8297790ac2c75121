"""Building, checking and publishing releases; watching data/; what changed."""
