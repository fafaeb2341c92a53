{#- Models land in the schema their layer names (staging, intermediate, marts, codes), as is. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name if custom_schema_name is not none else target.schema }}
{%- endmacro %}
