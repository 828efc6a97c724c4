"""Forms for editing the JAG's working record: hotspots, plans and their responses."""
