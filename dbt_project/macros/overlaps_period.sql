{#-
    Whether a span of days overlaps a period (kpis.md): it starts on or before the period's
    last day, and ends on or after its first day or has not ended. For an episode, what puts a
    citizen in contact in a period (int_episodes_chosen_per_period) and an episode among a
    period's episodes (int_episodes_joined_to_periods); for a housing registration, that it
    holds on a day of the period (int_housing_evaluated_per_period).
-#}
{% macro overlaps_period(start_date, end_date, period_start, period_end) -%}
    {{ start_date }} <= {{ period_end }}
    and ({{ end_date }} is null or {{ end_date }} >= {{ period_start }})
{%- endmacro %}
