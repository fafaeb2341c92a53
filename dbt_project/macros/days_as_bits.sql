{#-
    The days from from_day to to_day of the calendar month starting month_start, as bits of a
    bigint: bit 0 is the 1st, bit 30 the 31st. A range that starts before the month sets it
    from the 1st; one that ends after the month sets it to bit 30 (days a month does not have
    are never read). How fct_citizen_months writes the days an episode runs, and how a
    period's days are read against them (int_contact_months_checked).
-#}
{% macro days_as_bits(month_start, from_day, to_day) -%}
    (cast(1 as bigint) << cast(
        case
            when {{ to_day }} < last_day({{ month_start }}) then extract(day from {{ to_day }})
            else 31
        end as bigint
    )) - (cast(1 as bigint) << cast(
        case
            when {{ from_day }} > {{ month_start }} then extract(day from {{ from_day }}) - 1
            else 0
        end as bigint
    ))
{%- endmacro %}
