"""chibo: party-organisation and membership management."""
