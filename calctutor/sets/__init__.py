"""Problem sets: the Problem model, fields, reading and validating YAML, catalogue, templates."""
