-- One row per period and citizen in contact in it (kpis.md): the citizen's characteristics,
-- their chosen episode's duration bucket and origin, their housing, their contact cadence.
-- Every citizen figure of the status report is a count over these rows.
-- A view: the periods are the calendar years, and the period a reader asks for (with the one
-- it is compared with), computed when queried (see macros/requested_period.sql).
-- fct_citizens_in_contact holds the calendar years' rows, built once.

{{ config(materialized='view') }}

with

-- the citizens in contact, each period's chosen episode, housing and contact cadence: a rule
-- per model, each adding its columns to the rows of the one before
citizen_periods as (
    select * from {{ ref('int_contact_months_checked') }}
),

citizens as (
    select * from {{ ref('dim_citizens') }}
),

-- the characteristics as dim_citizens_per_period has them for the period, by the same macros
-- (macros/characteristics_in_period.sql): joined on the citizen alone, where joining that
-- model's rows of every citizen in the period took a sixth of a requested period's time
joined as (
    select
        citizen_periods.period_year,
        citizen_periods.period_start,
        citizen_periods.period_end,
        citizen_periods.is_calendar_year,
        citizen_periods.citizen_id,
        citizens.gender,
        citizens.birth_year,
        {{ age_in_period('citizen_periods.period_year', 'citizens.birth_year') }} as age,
        citizens.income_source,
        citizens.problem_group,
        citizens.civil_status,
        {{ yes_no_coded('citizens.lives_alone') }} as lives_alone,
        citizens.district,
        citizens.is_anonymous,
        citizen_periods.chosen_episode_id,
        citizen_periods.duration_bucket,
        citizen_periods.referral_source,
        citizen_periods.situation_at_end as housing_situation_at_end,
        citizen_periods.is_homeless_at_end,
        citizen_periods.was_housed_after_homelessness,
        citizen_periods.slept_rough,
        citizen_periods.contact_cadence
    from citizen_periods
    inner join citizens
        on citizen_periods.citizen_id = citizens.citizen_id
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
        lives_alone,
        district,
        is_anonymous,
        chosen_episode_id,
        duration_bucket,
        referral_source,
        housing_situation_at_end,
        is_homeless_at_end,
        was_housed_after_homelessness,
        slept_rough,
        contact_cadence
    from joined
)

select * from final
