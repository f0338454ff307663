"""The only code that speaks HTTP to a training API: typed results, typed errors."""
