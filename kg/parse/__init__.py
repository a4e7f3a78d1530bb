"""Parse decoded text into a ``kg.model.Minutes``: title and council, header fields, dates,
attendees, speakers and statements. Knows nothing of RDF."""
