-- One row per period and citizen known to the export: the characteristics a figure is filtered
-- by, with the age counted at the period (kpis.md: the year of the period's end minus the birth
-- year). Every figure's gender, age band, problem group and district filter reads this model.

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
        periods.period_start,
        periods.period_end,
        citizens.citizen_id,
        citizens.gender,
        citizens.problem_group,
        citizens.district,
        periods.period_year - citizens.birth_year as age
    from periods
    cross join citizens
),

final as (
    select
        period_start,
        period_end,
        citizen_id,
        gender,
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
        problem_group,
        district
    from aged
)

select * from final
