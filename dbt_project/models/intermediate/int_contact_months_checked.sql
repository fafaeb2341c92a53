-- Per period and citizen in contact: the calendar months their episodes ran within the period,
-- up to the data's last day (a month the episode ran part of counts), and whether each had a
-- held contact, and a held contact in person. The quality standard's contact cadence: outreach
-- "once a month or several times a week" (README, "The quality standard followed up").

with

citizen_periods as (
    select * from {{ ref('int_housing_evaluated_per_period') }}
),

-- each month of the citizen's the period reaches, with the days of it the period covers as
-- bits, as fct_citizen_months writes its days (macros/days_as_bits.sql): every day but in the
-- period's first and last month
covered as (
    select
        citizen_periods.*,
        list_transform(
            list_filter(
                citizen_periods.months,
                lambda month: month.month_start >= date_trunc('month', citizen_periods.period_start)
                and month.month_start <= citizen_periods.period_end
            ),
            lambda month: struct_pack(
                running_days := month.running_days,
                held_days := month.held_days,
                in_person_days := month.in_person_days,
                period_days := {{ days_as_bits(
                    'month.month_start', 'citizen_periods.period_start', 'citizen_periods.period_end'
                ) }}
            )
        ) as months_covered
    from citizen_periods
),

-- a month counts when an episode runs on a day of it the period covers
checked as (
    select
        covered.*,
        list_filter(
            covered.months_covered, lambda month: month.running_days & month.period_days <> 0
        ) as months_run
    from covered
),

counted as (
    select
        checked.*,
        coalesce(len(checked.months_run), 0) as months_running,
        coalesce(
            len(
                list_filter(
                    checked.months_run, lambda month: month.held_days & month.period_days <> 0
                )
            ),
            0
        ) as months_with_contact,
        coalesce(
            len(
                list_filter(
                    checked.months_run,
                    lambda month: month.in_person_days & month.period_days <> 0
                )
            ),
            0
        ) as months_with_contact_in_person
    from checked
),

final as (
    select
        counted.period_year,
        counted.period_start,
        counted.period_end,
        counted.is_calendar_year,
        counted.citizen_id,
        counted.chosen_episode_id,
        counted.duration_bucket,
        counted.referral_source,
        counted.situation_at_start,
        counted.situation_at_end,
        counted.is_homeless_at_end,
        counted.was_housed_after_homelessness,
        counted.slept_rough,
        counted.months_running,
        counted.months_with_contact,
        counted.months_with_contact_in_person,
        case
            when counted.months_running = 0 then 'ikke_hver_maaned'
            when counted.months_with_contact_in_person = counted.months_running
                then 'hver_maaned_personligt'
            when counted.months_with_contact = counted.months_running then 'hver_maaned'
            else 'ikke_hver_maaned'
        end as contact_cadence
    from counted
)

select * from final
