"""Read a source file (text, HTML, PDF) into decoded text, with Japanese normalization that keeps
offsets into the original."""
