-- Per period and citizen in contact: the situation at the period's start and end, and the two
-- homelessness events of kpis.md, from the citizen's registrations (each with the one before
-- it, as fct_housing_registrations built them once).

with

citizen_periods as (
    select * from {{ ref('int_episodes_chosen_per_period') }}
),

-- every registration that holds on a day of the period (from its date to its valid_until,
-- open while none follows): the one holding on its first day, those dated in it, and the one
-- holding on its last day are all among them
holding as (
    select
        citizen_periods.*,
        list_filter(
            citizen_periods.registrations,
            lambda registration: {{ overlaps_period(
                'registration.registered_on', 'registration.valid_until',
                'citizen_periods.period_start', 'citizen_periods.period_end'
            ) }}
        ) as holding_in_period
    from citizen_periods
),

-- The situation on a date: the registration that holds that day (kpis.md); at most one does
-- (a citizen's registrations have distinct dates, each holding until the day before the next).
evaluated as (
    select
        holding.*,
        list_filter(
            holding.holding_in_period,
            lambda registration: registration.registered_on <= holding.period_start
        )[1].housing_situation as situation_on_first_day,
        list_filter(
            holding.holding_in_period,
            lambda registration: coalesce(registration.valid_until, holding.period_end)
            >= holding.period_end
        )[1] as holding_on_last_day,
        list_bool_or(
            list_transform(
                holding.holding_in_period,
                lambda registration: registration.registered_on >= holding.period_start
                and registration.housing_situation in ('egen_bolig', 'botilbud')
                and registration.follows_homelessness
            )
        ) as has_housing_after_homelessness,
        list_bool_or(
            list_transform(
                holding.holding_in_period,
                lambda registration: registration.registered_on >= holding.period_start
                and registration.housing_situation = 'gaden'
            )
        ) as has_gaden_registration
    from holding
),

final as (
    select
        evaluated.period_year,
        evaluated.period_start,
        evaluated.period_end,
        evaluated.is_calendar_year,
        evaluated.citizen_id,
        evaluated.chosen_episode_id,
        evaluated.duration_bucket,
        evaluated.referral_source,
        evaluated.months,
        coalesce(evaluated.situation_on_first_day, 'ukendt') as situation_at_start,
        coalesce(evaluated.holding_on_last_day.housing_situation, 'ukendt') as situation_at_end,
        coalesce(evaluated.holding_on_last_day.is_homeless, false) as is_homeless_at_end,
        coalesce(evaluated.has_housing_after_homelessness, false)
            as was_housed_after_homelessness,
        coalesce(evaluated.has_gaden_registration, false)
        or coalesce(evaluated.situation_on_first_day = 'gaden', false) as slept_rough
    from evaluated
)

select * from final
