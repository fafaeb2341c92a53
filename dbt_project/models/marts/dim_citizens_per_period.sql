-- One row per period and citizen known to the export: the characteristics a figure is filtered
-- by, with the age counted at the period (kpis.md: the year of the period's end minus the birth
-- year; macros/characteristics_in_period.sql). Every figure's age band filter reads this model
-- (gender, problem group and district, the same in any period, are read from dim_citizens);
-- fct_citizens_in_period counts its citizens in contact with the same characteristics, by the
-- same macros.

{{ config(materialized='view') }}

with

periods as (
    select * from {{ ref('int_periods_enumerated') }}
),

citizens as (
    select * from {{ ref('dim_citizens') }}
),

aged as (
    select
        periods.period_year,
        periods.period_start,
        periods.period_end,
        periods.is_calendar_year,
        citizens.citizen_id,
        citizens.gender,
        citizens.birth_year,
        citizens.income_source,
        citizens.problem_group,
        citizens.civil_status,
        citizens.lives_alone,
        citizens.district,
        citizens.is_anonymous,
        {{ age_in_period('periods.period_year', 'citizens.birth_year') }} as age
    from periods
    cross join citizens
),

final as (
    select
        period_year,
        period_start,
        period_end,
        is_calendar_year,
        citizen_id,
        gender,
        birth_year,
        age,
        {{ age_band('age') }} as age_band,
        income_source,
        problem_group,
        civil_status,
        -- coded as every other characteristic is: ukendt where not known
        {{ yes_no_coded('lives_alone') }} as lives_alone,
        district,
        is_anonymous
    from aged
)

select * from final
