-- One row per period and citizen known to the export: the characteristics a figure is filtered
-- by, with the age counted at the period (kpis.md: the year of the period's end minus the birth
-- year). Every figure's gender, age band, problem group and district filter reads this model,
-- and fct_citizens_in_period takes its citizens' characteristics from it.

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
        periods.period_year - citizens.birth_year as age
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
        case
            when age is null then 'ukendt'
            when age < 18 then 'under 18'
            when age <= 25 then '18-25'
            when age <= 35 then '26-35'
            when age <= 45 then '36-45'
            when age <= 55 then '46-55'
            when age <= 65 then '56-65'
            else '66+'
        end as age_band,
        income_source,
        problem_group,
        civil_status,
        -- coded as every other characteristic is: ukendt where not known
        case lives_alone
            when true then 'ja'
            when false then 'nej'
            else 'ukendt'
        end as lives_alone,
        district,
        is_anonymous
    from aged
)

select * from final
