{#-
    Text with anything shaped like a CPR number masked, for text the warehouse keeps as it was
    written (file names, reasons, rejected rows, codes outside a list). The pattern is
    ingest/cpr.py's CPR_PATTERN, the one definition of what looks like a CPR number; `skp build`
    passes it as SKP_CPR_PATTERN, and without it nothing builds (README, For analysts).
-#}
{% macro mask_cpr(text) -%}
    regexp_replace({{ text }}, '{{ env_var("SKP_CPR_PATTERN") }}', '[cpr fjernet]', 'g')
{%- endmacro %}
