"""The webhook delivery engine: real HTTP POSTs, retries on the world's clock, a delivery log."""
