"""The outputs of the library: the batch report's Excel workbook, HTML page and
figures, and the helpers every output shares (the decisive number of
decimals, text made safe for each format).

Each output reads tables and writes one format; none computes indicators.
"""
