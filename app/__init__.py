"""The SKP Indblik dashboard (Streamlit)."""
