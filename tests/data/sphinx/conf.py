project = "VSM sample"
extensions = ["vsm_draw.sphinx"]
html_theme = "basic"
