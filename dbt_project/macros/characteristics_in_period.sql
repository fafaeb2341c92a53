{#-
    A citizen's characteristics as a period sees them (kpis.md), for dim_citizens_per_period
    and fct_citizens_in_period alike: the age is the year of the period's end minus the birth
    year, in the bands of the status report (under 18 where there is anyone that young, ukendt
    where the birth year is not known); living alone is coded as every other characteristic
    is, ukendt where not known.
-#}
{% macro age_in_period(period_year, birth_year) -%}
    {{ period_year }} - {{ birth_year }}
{%- endmacro %}

{% macro age_band(age) -%}
    case
        when {{ age }} is null then 'ukendt'
        when {{ age }} < 18 then 'under 18'
        when {{ age }} <= 25 then '18-25'
        when {{ age }} <= 35 then '26-35'
        when {{ age }} <= 45 then '36-45'
        when {{ age }} <= 55 then '46-55'
        when {{ age }} <= 65 then '56-65'
        else '66+'
    end
{%- endmacro %}

{% macro yes_no_coded(value) -%}
    case {{ value }}
        when true then 'ja'
        when false then 'nej'
        else 'ukendt'
    end
{%- endmacro %}
