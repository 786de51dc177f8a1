"""Style 2 of the partner extracts: the same people, needs and truth as style 1, written as other
councils' partners send their files (other formats, and shapes the style-1 configs were not written for).

Each partner's writer is in the module of its agency, named as in ``generate.PARTNER_WRITERS``;
``notes/`` holds each extract's data dictionary as the partner sends it. No source configs are written
here: they are written apart, from the notes."""
