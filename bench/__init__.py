"""Development tools, not shipped: synthetic portals for benchmarks and scale tests, a loopback server."""
