"""Fair, verifiable lotteries (sortition) for citizens' assemblies; no Django inside."""
