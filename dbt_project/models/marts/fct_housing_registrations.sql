-- One row per housing registration, with the registration before it and how long it held.

with

registrations as (
    select * from {{ ref('int_housing_registrations_sequenced') }}
),

final as (
    select
        citizen_id,
        registered_on,
        housing_situation,
        is_homeless,
        previous_situation,
        coalesce(previous_is_homeless, false) as follows_homelessness,
        valid_until
    from registrations
)

select * from final
