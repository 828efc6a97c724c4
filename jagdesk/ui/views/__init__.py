"""Work views beside the map: partner directory, action log, search and audit viewer."""
