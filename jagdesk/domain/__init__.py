"""Domain objects and rules: dataclasses, enums and validation, with no I/O."""
