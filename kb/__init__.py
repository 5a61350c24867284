"""Embeddings, Chroma collections, lexical index, hybrid retrieval, answers with citations."""
