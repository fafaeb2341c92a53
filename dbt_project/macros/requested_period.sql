{#-
    The period a reader asks for (skp report --from/--to, the dashboard's date range), set on
    the querying connection as the DuckDB session variables skp_period_start and skp_period_end
    (bound values). Views built on int_periods_enumerated then compute that period at query
    time; tables built by dbt, where no variable is set, hold calendar years only.
-#}
{% macro requested_period_start() -%}
    cast(getvariable('skp_period_start') as date)
{%- endmacro %}

{% macro requested_period_end() -%}
    cast(getvariable('skp_period_end') as date)
{%- endmacro %}
