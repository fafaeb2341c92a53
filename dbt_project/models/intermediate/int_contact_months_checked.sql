-- Per period and citizen in contact: the calendar months their episodes ran within the period,
-- up to the data's last day (a month the episode ran part of counts), and whether each had a
-- held contact, and a held contact in person. The quality standard's contact cadence: outreach
-- "once a month or several times a week" (README, "The quality standard followed up").

with

episode_periods as (
    select * from {{ ref('int_episodes_joined_to_periods') }}
),

data_span as (
    select * from {{ ref('int_data_span_measured') }}
),

contact_months as (
    select * from {{ ref('fct_contact_months') }}
),

running as (
    -- the part of each episode within the period and within the data
    select
        episode_periods.period_start,
        episode_periods.period_end,
        episode_periods.citizen_id,
        greatest(episode_periods.start_date, episode_periods.period_start) as run_from,
        least(
            coalesce(episode_periods.end_date, episode_periods.period_end),
            episode_periods.period_end,
            data_span.last_day
        ) as run_to
    from episode_periods
    cross join data_span
),

months as (
    select distinct
        period_start,
        period_end,
        citizen_id,
        cast(
            unnest(
                generate_series(
                    date_trunc('month', run_from), date_trunc('month', run_to), interval 1 month
                )
            ) as date
        ) as month_start
    from running
    where run_from <= run_to
),

-- the days of each month the period covers, as bits, as fct_contact_months writes its days:
-- every day but in the period's first and last month
covered as (
    select
        period_start,
        period_end,
        citizen_id,
        month_start,
        (cast(1 as bigint) << cast(
            case
                when period_end < last_day(month_start) then extract(day from period_end)
                else 31
            end as bigint
        )) - (cast(1 as bigint) << cast(
            case
                when period_start > month_start then extract(day from period_start) - 1
                else 0
            end as bigint
        )) as period_days
    from months
),

checked as (
    select
        covered.period_start,
        covered.period_end,
        covered.citizen_id,
        covered.month_start,
        coalesce(contact_months.held_days & covered.period_days <> 0, false) as had_contact,
        coalesce(contact_months.in_person_days & covered.period_days <> 0, false)
            as had_contact_in_person
    from covered
    left join contact_months
        on
            covered.citizen_id = contact_months.citizen_id
            and covered.month_start = contact_months.month_start
),

final as (
    select
        period_start,
        period_end,
        citizen_id,
        count(*) as months_running,
        count(*) filter (where had_contact) as months_with_contact,
        count(*) filter (where had_contact_in_person) as months_with_contact_in_person,
        case
            when count(*) filter (where had_contact_in_person) = count(*)
                then 'hver_maaned_personligt'
            when count(*) filter (where had_contact) = count(*) then 'hver_maaned'
            else 'ikke_hver_maaned'
        end as contact_cadence
    from checked
    group by period_start, period_end, citizen_id
)

select * from final
