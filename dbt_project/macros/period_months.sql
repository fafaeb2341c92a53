{#-
    12, 6 or 3 when the period from `start` to `end` (both inclusive) is a calendar year, a
    half-year or a quarter; else null (README, Comparing periods).
-#}
{% macro period_months(start, end) -%}
    case
        when
            extract(month from {{ start }}) = 1
            and extract(day from {{ start }}) = 1
            and {{ end }} = cast({{ start }} + to_months(12) - to_days(1) as date)
            then 12
        when
            extract(month from {{ start }}) in (1, 7)
            and extract(day from {{ start }}) = 1
            and {{ end }} = cast({{ start }} + to_months(6) - to_days(1) as date)
            then 6
        when
            extract(month from {{ start }}) in (1, 4, 7, 10)
            and extract(day from {{ start }}) = 1
            and {{ end }} = cast({{ start }} + to_months(3) - to_days(1) as date)
            then 3
    end
{%- endmacro %}

{% macro period_kind(months) -%}
    case {{ months }}
        when 12 then 'year'
        when 6 then 'half_year'
        when 3 then 'quarter'
        else 'range'
    end
{%- endmacro %}
