{#-
    A sort key for text ids that orders them as people read them: 'F9' before 'F10',
    '9' before '10'. Used wherever kpis.md says "the lowest" or "the highest" id.
-#}
{% macro id_order(column) -%}
    lpad({{ column }}, 64, '0')
{%- endmacro %}
