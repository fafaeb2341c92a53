-- One row per period and citizen in contact in it (kpis.md): the citizen's characteristics,
-- their chosen episode's duration bucket and origin, their housing, their contact cadence.
-- Every citizen figure of the status report is a count over these rows.
-- A view: the periods are the calendar years, and the period a reader asks for (with the one
-- it is compared with), computed when queried (see macros/requested_period.sql).
-- fct_citizens_in_contact holds the calendar years' rows, built once.

{{ config(materialized='view') }}

with

chosen_episodes as (
    select * from {{ ref('int_episodes_joined_to_periods') }}
    where is_chosen
),

episodes as (
    select * from {{ ref('fct_episodes') }}
),

housing as (
    select * from {{ ref('int_housing_evaluated_per_period') }}
),

citizens as (
    select * from {{ ref('dim_citizens_per_period') }}
),

contact_months as (
    select * from {{ ref('int_contact_months_checked') }}
),

joined as (
    select
        citizens.period_year,
        citizens.period_start,
        citizens.period_end,
        citizens.is_calendar_year,
        citizens.citizen_id,
        citizens.gender,
        citizens.birth_year,
        citizens.age,
        citizens.age_band,
        citizens.income_source,
        citizens.problem_group,
        citizens.civil_status,
        citizens.lives_alone,
        citizens.district,
        citizens.is_anonymous,
        chosen_episodes.episode_id as chosen_episode_id,
        chosen_episodes.duration_bucket,
        episodes.origin_referral_source as referral_source,
        coalesce(housing.situation_at_end, 'ukendt') as housing_situation_at_end,
        coalesce(housing.is_homeless_at_end, false) as is_homeless_at_end,
        coalesce(housing.was_housed_after_homelessness, false) as was_housed_after_homelessness,
        coalesce(housing.slept_rough, false) as slept_rough,
        coalesce(contact_months.contact_cadence, 'ikke_hver_maaned') as contact_cadence
    from chosen_episodes
    inner join citizens
        on
            chosen_episodes.period_start = citizens.period_start
            and chosen_episodes.period_end = citizens.period_end
            and chosen_episodes.citizen_id = citizens.citizen_id
    inner join episodes
        on chosen_episodes.episode_id = episodes.episode_id
    left join housing
        on
            chosen_episodes.period_start = housing.period_start
            and chosen_episodes.period_end = housing.period_end
            and chosen_episodes.citizen_id = housing.citizen_id
    left join contact_months
        on
            chosen_episodes.period_start = contact_months.period_start
            and chosen_episodes.period_end = contact_months.period_end
            and chosen_episodes.citizen_id = contact_months.citizen_id
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
        age_band,
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
