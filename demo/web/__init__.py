"""The web page (Gradio): a thin adapter over the pipeline's event stream."""
