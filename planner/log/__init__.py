"""The training log: what the person did, stored beside what each session asked."""
